"""Default Co-production Kitemark framework (version 2026).

Plain data describing the three levels (Bronze, Silver, Gold), their
indicators and the 0-4 scoring scale. All text is written in plain English
so that young people on the panel can read it easily.

Each level has 16 indicators: 4 for each element of the Lundy model
(space, voice, audience, influence). Within each element, each of the four
promise commitments (involved, informed, relationships, skills) is used
exactly once.
"""

from .outcomes import INDICATORS_PER_LEVEL

VERSION_NAME = "2026"

ELEMENTS = ["space", "voice", "audience", "influence"]
PROMISES = ["involved", "informed", "relationships", "skills"]

SCORE_DESCRIPTORS: list[dict[str, int | str]] = [
    {
        "value": 0,
        "label": "No evidence",
        "description": "We could not find any evidence of this yet.",
    },
    {
        "value": 1,
        "label": "Emerging",
        "description": "You have started to do this, but only a little.",
    },
    {
        "value": 2,
        "label": "Developing",
        "description": "You do this some of the time, and it is growing.",
    },
    {
        "value": 3,
        "label": "Established",
        "description": "You do this well, and it is a normal part of your work.",
    },
    {
        "value": 4,
        "label": "Exemplary",
        "description": "You do this really well, and others could learn from you.",
    },
]

LEVELS = [
    # ------------------------------------------------------------------
    # BRONZE: starting to do things WITH young people
    # ------------------------------------------------------------------
    {
        "code": "bronze",
        "name": "Bronze",
        "order": 1,
        "colour": "#A0632B",
        "summary": (
            "You are starting to do things with young people, not just for them. "
            "Young people have a safe place to share their views, and you act on some of them."
        ),
        "indicators": [
            # Space
            {
                "code": "B-S1",
                "title": "Young people have a safe place to share their views",
                "element": "space",
                "promise": "involved",
                "guidance": (
                    "You give young people a regular chance to share their views. "
                    "The place feels safe and welcoming. "
                    "Young people know when and how they can take part."
                ),
                "example_evidence": (
                    "Photos of the room used for youth sessions; "
                    "A timetable of sessions; "
                    "Notes from a meeting with young people"
                ),
            },
            {
                "code": "B-S2",
                "title": "Young people know what your service does",
                "element": "space",
                "promise": "informed",
                "guidance": (
                    "You tell young people what your service is and how it can help them. "
                    "The information is easy to read and easy to find. "
                    "Young people can ask questions about it."
                ),
                "example_evidence": (
                    "A leaflet written for young people; "
                    "A web page about your service; "
                    "A welcome pack for new young people"
                ),
            },
            {
                "code": "B-S3",
                "title": "Young people feel welcome and respected",
                "element": "space",
                "promise": "relationships",
                "guidance": (
                    "Staff are friendly, honest and kind to young people. "
                    "Young people feel safe to say what they really think. "
                    "You have simple group rules that everyone agrees to."
                ),
                "example_evidence": (
                    "Group rules made with young people; "
                    "Feedback cards from young people; "
                    "Your safeguarding policy"
                ),
            },
            {
                "code": "B-S4",
                "title": "Staff know how to help every young person join in",
                "element": "space",
                "promise": "skills",
                "guidance": (
                    "Staff have had some basic training on working with young people. "
                    "They know how to include young people with different needs. "
                    "They know what to do if a young person is worried."
                ),
                "example_evidence": (
                    "A list of training staff have done; "
                    "Notes from a team meeting about including everyone; "
                    "Easy read or translated materials"
                ),
            },
            # Voice
            {
                "code": "B-V1",
                "title": "Young people can share their views in different ways",
                "element": "voice",
                "promise": "involved",
                "guidance": (
                    "You give young people more than one way to have their say. "
                    "This could be talking, writing, drawing or going online. "
                    "Young people can choose the way that suits them."
                ),
                "example_evidence": (
                    "A short online survey; "
                    "Art or posters made by young people; "
                    "A suggestion box and the ideas put in it"
                ),
            },
            {
                "code": "B-V2",
                "title": "Young people know what they are being asked and why",
                "element": "voice",
                "promise": "informed",
                "guidance": (
                    "You explain the question clearly before asking for views. "
                    "Young people know what their answers will be used for. "
                    "They know they do not have to take part."
                ),
                "example_evidence": (
                    "The start page of a survey that explains why it matters; "
                    "A simple information sheet; "
                    "Notes showing the reason was explained at a session"
                ),
            },
            {
                "code": "B-V3",
                "title": "Young people trust staff with their honest views",
                "element": "voice",
                "promise": "relationships",
                "guidance": (
                    "Young people feel they can disagree without getting into trouble. "
                    "Staff listen without judging. "
                    "Staff are honest about what they can and cannot keep private."
                ),
                "example_evidence": (
                    "Quotes from young people about feeling listened to; "
                    "A simple privacy note for young people; "
                    "Feedback that includes honest complaints"
                ),
            },
            {
                "code": "B-V4",
                "title": "Staff help young people to say what they think",
                "element": "voice",
                "promise": "skills",
                "guidance": (
                    "Staff ask open questions and give young people time to answer. "
                    "They support young people who find it hard to speak up. "
                    "They use words young people understand."
                ),
                "example_evidence": (
                    "A session plan with warm-up games; "
                    "Training notes on listening skills; "
                    "Examples of picture cards or prompt sheets"
                ),
            },
            # Audience
            {
                "code": "B-A1",
                "title": "Young people's views reach the people who make decisions",
                "element": "audience",
                "promise": "involved",
                "guidance": (
                    "You pass young people's views on to managers or leaders. "
                    "One person is in charge of making sure this happens. "
                    "Young people know who that person is."
                ),
                "example_evidence": (
                    "A report of young people's views sent to managers; "
                    "Manager meeting notes that mention young people's views; "
                    "The name and photo of the person in charge"
                ),
            },
            {
                "code": "B-A2",
                "title": "Young people know who will hear their views",
                "element": "audience",
                "promise": "informed",
                "guidance": (
                    "You tell young people who will see or hear what they say. "
                    "You explain what that person can change. "
                    "This helps young people know what to expect."
                ),
                "example_evidence": (
                    "A 'who we are' poster with leaders' photos; "
                    "A simple chart of who decides what; "
                    "Session notes where this was explained"
                ),
            },
            {
                "code": "B-A3",
                "title": "Leaders sometimes meet young people face to face",
                "element": "audience",
                "promise": "relationships",
                "guidance": (
                    "Leaders or managers come to meet young people. "
                    "They listen and take young people seriously. "
                    "Young people feel it is worth talking to them."
                ),
                "example_evidence": (
                    "Photos of a leader visiting a youth group; "
                    "Notes from a question time with a manager; "
                    "Comments from young people after the visit"
                ),
            },
            {
                "code": "B-A4",
                "title": "Staff pass on young people's views fairly and clearly",
                "element": "audience",
                "promise": "skills",
                "guidance": (
                    "Staff write down young people's views in their own words where they can. "
                    "They do not change the meaning. "
                    "They check with young people that they got it right."
                ),
                "example_evidence": (
                    "Notes that use young people's own words; "
                    "A report checked by young people before it was sent; "
                    "Feedback from young people on the report"
                ),
            },
            # Influence
            {
                "code": "B-I1",
                "title": "Young people's views have led to at least one change",
                "element": "influence",
                "promise": "involved",
                "guidance": (
                    "You can show at least one thing that changed because of young people. "
                    "The change can be small. "
                    "You can explain how young people's views led to it."
                ),
                "example_evidence": (
                    "Before and after photos of a changed room; "
                    "A new activity that young people asked for; "
                    "Meeting notes showing the decision to make a change"
                ),
            },
            {
                "code": "B-I2",
                "title": "Young people are told what happened to their views",
                "element": "influence",
                "promise": "informed",
                "guidance": (
                    "You go back to young people after they share their views. "
                    "You tell them what changed and what did not. "
                    "You also tell them why."
                ),
                "example_evidence": (
                    "A 'you said, we did' poster; "
                    "A message or newsletter sent to young people; "
                    "Notes from a feedback session"
                ),
            },
            {
                "code": "B-I3",
                "title": "You are honest when you cannot do what young people ask",
                "element": "influence",
                "promise": "relationships",
                "guidance": (
                    "Sometimes you cannot make the change young people want. "
                    "You tell them the truth and give the reason. "
                    "You look for other things you can do instead."
                ),
                "example_evidence": (
                    "A letter or message explaining a 'no'; "
                    "Notes showing other ideas you offered; "
                    "Comments from young people about being told the truth"
                ),
            },
            {
                "code": "B-I4",
                "title": "Staff know how to tell young people about decisions",
                "element": "influence",
                "promise": "skills",
                "guidance": (
                    "Staff can share news about decisions in a clear way. "
                    "They might use 'you said, we did' or something like it. "
                    "They check that young people understood."
                ),
                "example_evidence": (
                    "A simple template for feedback to young people; "
                    "Training notes on giving feedback; "
                    "Examples of feedback written in plain words"
                ),
            },
        ],
    },
    # ------------------------------------------------------------------
    # SILVER: co-production is part of how you plan and review
    # ------------------------------------------------------------------
    {
        "code": "silver",
        "name": "Silver",
        "order": 2,
        "colour": "#5F666D",
        "summary": (
            "Working with young people is part of how you plan and check your work. "
            "It happens all the time, not just now and then."
        ),
        "indicators": [
            # Space
            {
                "code": "S-S1",
                "title": "Young people help plan your services every year",
                "element": "space",
                "promise": "involved",
                "guidance": (
                    "Young people take part in your yearly planning. "
                    "They help decide what your service will do next. "
                    "This is a normal part of how you work, not a one-off."
                ),
                "example_evidence": (
                    "Your yearly plan showing young people's ideas; "
                    "Notes from a planning day with young people; "
                    "A list of planning meetings young people joined"
                ),
            },
            {
                "code": "S-S2",
                "title": "Young people get regular news about your plans",
                "element": "space",
                "promise": "informed",
                "guidance": (
                    "You share news about your plans with young people often. "
                    "You use ways they like, such as social media or group chats. "
                    "Young people know what is coming up and how to join in."
                ),
                "example_evidence": (
                    "Regular newsletters for young people; "
                    "Social media posts about your plans; "
                    "A calendar of chances to get involved"
                ),
            },
            {
                "code": "S-S3",
                "title": "Young people and staff agree together how to work",
                "element": "space",
                "promise": "relationships",
                "guidance": (
                    "Young people and staff agree how they will work together. "
                    "This might be a group agreement or a shared set of values. "
                    "You look at it again each year and change it if needed."
                ),
                "example_evidence": (
                    "A group agreement signed by young people and staff; "
                    "Notes from the yearly review of the agreement; "
                    "A poster of shared values made with young people"
                ),
            },
            {
                "code": "S-S4",
                "title": "All staff have training on working with young people",
                "element": "space",
                "promise": "skills",
                "guidance": (
                    "Working with young people is part of training for all staff. "
                    "New staff learn about it when they start. "
                    "You check each year that training is up to date."
                ),
                "example_evidence": (
                    "Your training plan for staff; "
                    "A training record for the whole team; "
                    "The starter pack for new staff"
                ),
            },
            # Voice
            {
                "code": "S-V1",
                "title": "Young people help check how well your service works",
                "element": "voice",
                "promise": "involved",
                "guidance": (
                    "Young people help check if your service is working well. "
                    "They help choose the questions to ask. "
                    "They help look at the answers and decide what they mean."
                ),
                "example_evidence": (
                    "A survey written with young people; "
                    "Notes from a session where young people looked at results; "
                    "A review report that young people helped write"
                ),
            },
            {
                "code": "S-V2",
                "title": "Young people get the facts they need before giving views",
                "element": "voice",
                "promise": "informed",
                "guidance": (
                    "You share clear facts before asking young people to decide things. "
                    "This could be about money, rules or past results. "
                    "Young people have time to think before they give their views."
                ),
                "example_evidence": (
                    "A simple fact sheet shared before a meeting; "
                    "A short video explaining a choice; "
                    "Meeting notes showing young people had time to prepare"
                ),
            },
            {
                "code": "S-V3",
                "title": "You build trust with young people who are not often heard",
                "element": "voice",
                "promise": "relationships",
                "guidance": (
                    "You reach out to young people who do not usually get a say. "
                    "This includes young people with disabilities or from different cultures. "
                    "You take time to build trust so they feel able to join in."
                ),
                "example_evidence": (
                    "Sessions run with a local group or school; "
                    "Facts about who takes part and who is missing; "
                    "Changes made so more young people can join in"
                ),
            },
            {
                "code": "S-V4",
                "title": "Staff use creative ways to help young people share views",
                "element": "voice",
                "promise": "skills",
                "guidance": (
                    "Staff can use games, art, music or online tools. "
                    "This helps young people who do not like meetings. "
                    "Staff choose the right way for each group."
                ),
                "example_evidence": (
                    "Photos of a creative session; "
                    "Art, films or music made by young people; "
                    "A list of activities staff use to gather views"
                ),
            },
            # Audience
            {
                "code": "S-A1",
                "title": "Young people regularly meet the people who make decisions",
                "element": "audience",
                "promise": "involved",
                "guidance": (
                    "Young people meet leaders or managers on a regular basis. "
                    "These meetings are planned into the calendar. "
                    "Young people help choose what is talked about."
                ),
                "example_evidence": (
                    "A calendar of meetings between leaders and young people; "
                    "Meeting agendas set with young people; "
                    "Notes from these meetings"
                ),
            },
            {
                "code": "S-A2",
                "title": "Young people know how decisions are made in your organisation",
                "element": "audience",
                "promise": "informed",
                "guidance": (
                    "You explain who makes decisions and how. "
                    "You show this in a simple way, like a picture or chart. "
                    "Young people know where their views fit in."
                ),
                "example_evidence": (
                    "A simple chart of how decisions are made; "
                    "A short guide written for young people; "
                    "Notes from a session explaining decisions"
                ),
            },
            {
                "code": "S-A3",
                "title": "Leaders reply to young people by an agreed time",
                "element": "audience",
                "promise": "relationships",
                "guidance": (
                    "Leaders promise to reply to young people by a set time. "
                    "They keep that promise. "
                    "If they are late, they say sorry and explain why."
                ),
                "example_evidence": (
                    "A written promise about reply times; "
                    "Replies from leaders to young people; "
                    "A record of when questions were asked and answered"
                ),
            },
            {
                "code": "S-A4",
                "title": "Leaders have training on listening to young people",
                "element": "audience",
                "promise": "skills",
                "guidance": (
                    "Managers and leaders learn how to listen to young people well. "
                    "They know how to make meetings feel relaxed. "
                    "They know how to show they take views seriously."
                ),
                "example_evidence": (
                    "A training record for managers; "
                    "Training that young people helped plan; "
                    "Comments from young people about meeting leaders"
                ),
            },
            # Influence
            {
                "code": "S-I1",
                "title": "Young people's views shape your plans and reports",
                "element": "influence",
                "promise": "involved",
                "guidance": (
                    "Your plans show clearly where young people made a difference. "
                    "Your yearly report says what young people changed. "
                    "This happens every year, not just once."
                ),
                "example_evidence": (
                    "Your yearly report with a section on young people; "
                    "A plan that names changes asked for by young people; "
                    "Notes linking views to decisions"
                ),
            },
            {
                "code": "S-I2",
                "title": "You give regular 'you said, we did' updates",
                "element": "influence",
                "promise": "informed",
                "guidance": (
                    "You tell young people about changes on a regular timetable. "
                    "You share what changed, what did not and why. "
                    "Young people who have left can still find out."
                ),
                "example_evidence": (
                    "A 'you said, we did' page on your website; "
                    "A regular newsletter for young people; "
                    "Posters or posts with updates"
                ),
            },
            {
                "code": "S-I3",
                "title": "You keep track of promises made to young people",
                "element": "influence",
                "promise": "relationships",
                "guidance": (
                    "You keep a list of what you said you would do. "
                    "Young people can see the list and how things are going. "
                    "You are open when something is late or cannot happen."
                ),
                "example_evidence": (
                    "A promise tracker shared with young people; "
                    "Updates on promises at youth meetings; "
                    "Notes explaining why a promise was delayed"
                ),
            },
            {
                "code": "S-I4",
                "title": "Staff use young people's feedback to get better",
                "element": "influence",
                "promise": "skills",
                "guidance": (
                    "Staff ask young people how well they listen and act. "
                    "They use the answers to improve. "
                    "You talk about this in team meetings or one-to-one meetings."
                ),
                "example_evidence": (
                    "Feedback forms about staff from young people; "
                    "Team meeting notes about what to improve; "
                    "A staff learning plan based on feedback"
                ),
            },
        ],
    },
    # ------------------------------------------------------------------
    # GOLD: young people lead, share power and shape the big picture
    # ------------------------------------------------------------------
    {
        "code": "gold",
        "name": "Gold",
        "order": 3,
        "colour": "#7A6008",
        "summary": (
            "Young people lead and share power with you. "
            "They help shape your big plans and choose who works for you."
        ),
        "indicators": [
            # Space
            {
                "code": "G-S1",
                "title": "Young people lead their own projects and groups",
                "element": "space",
                "promise": "involved",
                "guidance": (
                    "Young people run groups or projects with support from staff. "
                    "They decide what to do and how to do it. "
                    "Staff help but do not take over."
                ),
                "example_evidence": (
                    "A project plan written by young people; "
                    "Photos of an event run by young people; "
                    "Notes from a group chaired by a young person"
                ),
            },
            {
                "code": "G-S2",
                "title": "Young people help make your information for other young people",
                "element": "space",
                "promise": "informed",
                "guidance": (
                    "Young people help make your leaflets, website and posts. "
                    "They check that the words are clear and friendly. "
                    "Other young people find your information easy to use."
                ),
                "example_evidence": (
                    "A leaflet designed by young people; "
                    "Web pages checked by young people; "
                    "Social media run or planned by young people"
                ),
            },
            {
                "code": "G-S3",
                "title": "Young people and staff share power as equal partners",
                "element": "space",
                "promise": "relationships",
                "guidance": (
                    "Young people and staff make decisions together. "
                    "Both have an equal say. "
                    "You can show times when young people's choice was followed."
                ),
                "example_evidence": (
                    "A shared decision-making agreement; "
                    "Meeting notes showing votes by young people; "
                    "Examples of decisions young people made"
                ),
            },
            {
                "code": "G-S4",
                "title": "Young people help train your staff",
                "element": "space",
                "promise": "skills",
                "guidance": (
                    "Young people help plan and run training for staff. "
                    "They share what good support looks like to them. "
                    "They are thanked or paid for their time."
                ),
                "example_evidence": (
                    "Training slides made by young people; "
                    "A list of sessions led by young people; "
                    "Records of payments or rewards for young trainers"
                ),
            },
            # Voice
            {
                "code": "G-V1",
                "title": "Young people have a place at your top meetings",
                "element": "voice",
                "promise": "involved",
                "guidance": (
                    "Young people take part in your board or top leaders' meetings. "
                    "They can speak, and their views are written down. "
                    "You support them so they can take part fully."
                ),
                "example_evidence": (
                    "Board meeting notes showing young people spoke; "
                    "A role description for young board members; "
                    "A plan for supporting young board members"
                ),
            },
            {
                "code": "G-V2",
                "title": "Young people see all the facts about big decisions",
                "element": "voice",
                "promise": "informed",
                "guidance": (
                    "You share full and honest facts with young people. "
                    "This includes money and hard choices. "
                    "Young people understand the limits and can still push for change."
                ),
                "example_evidence": (
                    "A simple version of your budget for young people; "
                    "Notes from a session on a hard choice; "
                    "Questions young people asked about money"
                ),
            },
            {
                "code": "G-V3",
                "title": "Young people can challenge leaders openly and safely",
                "element": "voice",
                "promise": "relationships",
                "guidance": (
                    "Young people can question leaders without fear. "
                    "Leaders welcome challenge and respond well. "
                    "You can show times when a challenge led to a change."
                ),
                "example_evidence": (
                    "Notes from a meeting where young people challenged leaders; "
                    "A leader's written reply to a challenge; "
                    "A change made after a challenge"
                ),
            },
            {
                "code": "G-V4",
                "title": "Young people learn skills to speak up for others",
                "element": "voice",
                "promise": "skills",
                "guidance": (
                    "You help young people learn to lead and speak in public. "
                    "They gather views from other young people. "
                    "They share those views with confidence."
                ),
                "example_evidence": (
                    "Training records for young leaders; "
                    "A speech or talk given by a young person; "
                    "Views gathered by young people from their peers"
                ),
            },
            # Audience
            {
                "code": "G-A1",
                "title": "Young people help choose new staff and leaders",
                "element": "audience",
                "promise": "involved",
                "guidance": (
                    "Young people sit on interview panels. "
                    "They help write questions and choose who gets the job. "
                    "Their views count as much as other panel members."
                ),
                "example_evidence": (
                    "Interview questions written by young people; "
                    "Scoring sheets from a youth interview panel; "
                    "Job adverts that young people helped write"
                ),
            },
            {
                "code": "G-A2",
                "title": "Young people get the same information as your leaders",
                "element": "audience",
                "promise": "informed",
                "guidance": (
                    "Young people get the papers leaders get before big meetings. "
                    "The papers are made easy for them to read. "
                    "Young people can ask questions before the meeting."
                ),
                "example_evidence": (
                    "Easy-read board papers; "
                    "A briefing session for young people before meetings; "
                    "Questions young people sent in before a meeting"
                ),
            },
            {
                "code": "G-A3",
                "title": "Leaders and young people have strong, lasting relationships",
                "element": "audience",
                "promise": "relationships",
                "guidance": (
                    "Leaders know young people by name and meet them often. "
                    "Young people feel they can go to leaders with ideas or worries. "
                    "Trust is built over time, not in one meeting."
                ),
                "example_evidence": (
                    "A leader who is a named link for young people; "
                    "A record of regular catch-ups; "
                    "Quotes from young people about their leaders"
                ),
            },
            {
                "code": "G-A4",
                "title": "Your leaders are skilled at sharing power with young people",
                "element": "audience",
                "promise": "skills",
                "guidance": (
                    "Leaders know how to hand real choices to young people. "
                    "They run meetings in ways young people can fully join. "
                    "They keep learning and improving how they do this."
                ),
                "example_evidence": (
                    "Leaders' training on sharing power; "
                    "Meeting notes chaired with young people; "
                    "Feedback from young people about how leaders run meetings"
                ),
            },
            # Influence
            {
                "code": "G-I1",
                "title": "Young people help decide your big plans and spending",
                "element": "influence",
                "promise": "involved",
                "guidance": (
                    "Young people help decide how money is spent. "
                    "Their ideas shape your plans for the next few years. "
                    "You can show big changes that young people led."
                ),
                "example_evidence": (
                    "Your long-term plan with young people's goals in it; "
                    "A budget decision made with young people; "
                    "A fund that young people choose how to spend"
                ),
            },
            {
                "code": "G-I2",
                "title": "Young people tell others about the difference they made",
                "element": "influence",
                "promise": "informed",
                "guidance": (
                    "Young people help tell others what changed because of them. "
                    "This might be a report, film or event. "
                    "Other young people can see that speaking up works."
                ),
                "example_evidence": (
                    "A report or film made by young people; "
                    "An event where young people shared their work; "
                    "Posts by young people about changes they made"
                ),
            },
            {
                "code": "G-I3",
                "title": "Young people check that leaders keep their promises",
                "element": "influence",
                "promise": "relationships",
                "guidance": (
                    "Young people regularly check what leaders said they would do. "
                    "Leaders report back to young people in person. "
                    "Young people can say when things are not good enough."
                ),
                "example_evidence": (
                    "A meeting where leaders report to young people; "
                    "A progress list kept by young people; "
                    "Actions taken after young people raised concerns"
                ),
            },
            {
                "code": "G-I4",
                "title": "You help other organisations learn to work with young people",
                "element": "influence",
                "promise": "skills",
                "guidance": (
                    "You share what you have learned with other organisations. "
                    "Young people help lead this work. "
                    "This helps more young people be heard across the area."
                ),
                "example_evidence": (
                    "A workshop run for other organisations; "
                    "A guide written with young people; "
                    "Thanks or feedback from organisations you helped"
                ),
            },
        ],
    },
]


_ELEMENT_LETTERS = {"space": "S", "voice": "V", "audience": "A", "influence": "I"}
_LEVEL_LETTERS = {"bronze": "B", "silver": "S", "gold": "G"}


def validate() -> None:
    """Check that the framework data is complete and consistent."""
    assert len(LEVELS) == 3, "There must be 3 levels"
    assert [lvl["code"] for lvl in LEVELS] == ["bronze", "silver", "gold"]
    assert [lvl["order"] for lvl in LEVELS] == [1, 2, 3]

    seen_codes = set()
    for level in LEVELS:
        indicators = level["indicators"]
        assert len(indicators) == INDICATORS_PER_LEVEL, (
            f"{level['code']}: needs {INDICATORS_PER_LEVEL} indicators"
        )
        for element in ELEMENTS:
            in_element = [i for i in indicators if i["element"] == element]
            assert len(in_element) == 4, f"{level['code']}/{element}: needs 4"
            promises = sorted(i["promise"] for i in in_element)
            assert promises == sorted(PROMISES), f"{level['code']}/{element}: each promise once"
        # Order: 4 space, 4 voice, 4 audience, 4 influence
        assert [i["element"] for i in indicators] == [e for e in ELEMENTS for _ in range(4)], (
            f"{level['code']}: indicators out of order"
        )
        for pos, ind in enumerate(indicators):
            expected = "{}-{}{}".format(
                _LEVEL_LETTERS[level["code"]],
                _ELEMENT_LETTERS[ind["element"]],
                pos % 4 + 1,
            )
            assert ind["code"] == expected, f"{ind['code']} != {expected}"
            assert ind["code"] not in seen_codes, f"duplicate code {ind['code']}"
            seen_codes.add(ind["code"])
            for key in ("title", "guidance", "example_evidence"):
                assert ind[key].strip(), f"{ind['code']}: empty {key}"
            assert len(ind["title"].split()) < 12, f"{ind['code']}: title too long"

    assert len(seen_codes) == 48
    assert len(SCORE_DESCRIPTORS) == 5, "There must be 5 score descriptors"
    assert [d["value"] for d in SCORE_DESCRIPTORS] == [0, 1, 2, 3, 4]
