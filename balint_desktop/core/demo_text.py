"""Hand-written fragments for the demo vault (see `balint_desktop.core.demo`).

Everything here is fiction. Presenters are codes ("P3", "Dr K."), the other
in each case is a pseudonym or a role ("Mrs A", "the ward manager"), and
nothing names a real person, place, workplace or date.

Pool fragments may use these placeholders, filled in by `demo.py`:

* ``{p}`` the presenter's code, ``{o}`` / ``{O}`` the other (as written, and
  with a capital first letter), ``{other}`` / ``{others}`` the word for the
  other in this group (patient, client, team, board, colleague, ...);
* ``{they}`` / ``{them}`` / ``{their}`` / ``{themself}`` the presenter's pronouns;
* ``{co}`` the co-leader's initials, ``{m1}`` / ``{m2}`` two members present;
* ``{n}`` / ``{N}`` / ``{m}`` how many came and the roster size, in words;
  ``{absent}`` who sent apologies;
* ``{prev_p}`` / ``{prev_o}`` last session's presenter and other;
* ``{q_p}`` / ``{q_o}`` a case still waiting for its "what happened since".

Blocks of fragments are written one paragraph per fragment; whitespace inside
a fragment is collapsed when it is used.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Case:
    """One presentation of a case, as the leader writes it up.

    Attributes:
        presenter: the presenter's code.
        other: how the notes refer to "the other" (pseudonym or role).
        noun: the word for the other in this group (patient, client, board…).
        text: the "case" section.
        images: the heart of "the relationship": what the group imagined.
        shift: the presenter's return, when the case calls for its own words.
        note: a private line for "my own responses", tied to this case.
        pronoun: "she" or "he", for the presenter.
    """

    presenter: str
    other: str
    noun: str
    text: str
    images: str
    shift: str = ""
    note: str = ""
    pronoun: str = "she"


def _fragments(block: str) -> tuple[str, ...]:
    """Split a block into fragments at blank lines, collapsing whitespace."""
    return tuple(" ".join(part.split()) for part in block.split("\n\n") if part.strip())


# -- Clinician Group: doctors, psychologists, social workers, therapists ------

CLINICIAN_ARCS: tuple[tuple[Case, ...], ...] = (
    (
        Case(
            "Dr K.",
            "Mrs A",
            "patient",
            """Dr K., a GP, brought Mrs A, in her eighties, who books the longest
            appointments and arrives with a written list of symptoms that no test explains.
            He said his chest tightens when he sees her name on the list. Her daughter rings
            the practice afterwards to ask what was done. He wants to be a better doctor to
            her and doesn't know how.""",
            """The group imagined the list as the only way Mrs A can be sure of being heard:
            if she stopped reading she might be sent away. Someone pictured Dr K. as the son
            who visits out of duty. An image of a kitchen clock ticking. Several could feel
            his dread, and also the shame of admitting you dislike a frail old woman; that
            was said quietly, and the room relaxed a little.""",
            shift="""Dr K. said the word 'dread' had been unsayable until tonight. He wondered
            whether the list is her way of keeping him, and thought he might offer her a
            regular appointment instead of waiting to be summoned.""",
            note="""I have a Mrs A of my own. I noticed I wanted to defend Dr K. before
            anyone had criticised him.""",
            pronoun="he",
        ),
        Case(
            "Dr K.",
            "Mrs A",
            "patient",
            """What happened since: Dr K. now books Mrs A every three weeks rather than
            waiting for the next crisis, and the lists have got shorter. At the last visit
            she brought a photograph of her late husband instead. The daughter still rings.
            He brought it back because he was surprised to find he had looked forward to
            seeing her, and didn't trust the feeling.""",
            """The group wondered what the photograph was for: to show him who she used to
            be, or who she had lost. Some imagined her relief at no longer needing symptoms
            as a ticket in. Others felt suspicious on Dr K.'s behalf, as if warmth might be a
            trap and he would be punished for it. The daughter stayed at the edge of the
            picture, watching.""",
            shift="""Dr K. said he could let himself enjoy the appointments without deciding
            what they mean. He laughed at how much permission he had needed.""",
            pronoun="he",
        ),
        Case(
            "Dr K.",
            "Mrs A",
            "patient",
            """Third time for Mrs A. She fell at home and has moved into residential care a
            long drive away; Dr K. is no longer her GP. He visited once, on a Sunday, and did
            not know in what capacity he went. He brought it as an ending he had not been
            allowed to have.""",
            """The group stayed with the Sunday visit: Dr K. in the car park, unsure whether
            he was a doctor or a visitor. People imagined Mrs A not recognising him at first
            and then reaching for her list. There was grief in the room and, underneath,
            relief, which made a few of us guilty. Someone said the daughter might finally
            stop ringing, and might miss it.""",
            note="""Moved more than I expected. Endings with old patients carry my own losses;
            worth noticing before the next one.""",
            pronoun="he",
        ),
    ),
    (
        Case(
            "P3",
            "Tom",
            "patient",
            """P3, a psychologist, presented a young man I'll call Tom, early twenties, seen
            for anxiety. He sends long messages late at night and P3 has started answering
            them, 'just briefly', from her bed. She knows the rules; she wanted to understand
            why she keeps breaking them for him. Tom has missed the last two sessions but
            never misses a night.""",
            """The group imagined Tom awake in a dark room, with P3's replies the only light
            on. Some felt his loneliness; others felt invaded, as if the messages had crept
            into their own evenings. The word rescue came up early and P3 winced. Someone
            imagined her as a lifeguard who has forgotten she can't swim either. What stayed
            unsaid for a while was how special it feels to be needed like that.""",
            shift="""P3 said she had expected to be told off and instead felt understood,
            which made it easier to think about boundaries as something for Tom as well as
            for her.""",
        ),
        Case(
            "P3",
            "Tom",
            "patient",
            """What happened since, from P3: she told Tom she would answer messages only in
            working hours. He was furious, then silent, and missed a session. When he came
            back he was polite and flat. P3 now feels she has abandoned him, and wonders
            whether the boundary was for her protection rather than his care.""",
            """The group split between those who heard Tom's rage as a healthy sign and
            those who felt P3's guilt as their own. An image of a door closing gently but
            firmly came up and stayed. Some imagined Tom testing whether she would come
            after him. There was shame in the telling, the shame of having been too close,
            and the group took care not to add to it.""",
            note="""I felt protective of P3 and irritated with Tom, and I'm not proud of the
            irritation. My own exhaustion this month may be in it.""",
        ),
        Case(
            "P3",
            "Tom",
            "patient",
            """P3 brought Tom back a third time. He has kept every appointment for two months
            and told her the night messages had been 'company'. She noticed she now dreads
            the end of therapy more than he does. Almost as an aside, she told us she is
            exhausted and has stopped running in the mornings.""",
            """The group imagined Tom learning that someone can stay without being on call,
            and P3 learning the same about herself. Several people picked up the aside about
            exhaustion and did not let it go; it felt like the real case. Someone pictured a
            night light turned down, not off. Warmth for both of them, and some sadness at
            how rarely we look after ourselves the way we ask our patients to.""",
            shift="""P3 said she had come to talk about Tom and was leaving with a question
            about herself, which she found both annoying and right.""",
        ),
    ),
    (
        Case(
            "P6",
            "Ms R",
            "patient",
            """P6, a hospital social worker, presented Ms R, a mother of three whose children
            are under a child protection assessment. P6 writes reports for the assessment and
            is also the person Ms R rings when she is frightened. She told the case quickly
            and with a great many facts, as if preparing for court.""",
            """The group imagined Ms R watching P6's pen as she spoke, never sure which P6
            was in the room, the helper or the writer of reports. People felt the mother's
            fear and also a flash of anger at her, which was hard to say. Someone wondered
            about the children as the silent members of this case. P6's split loyalties
            felt like the heart of it.""",
        ),
        Case(
            "P6",
            "Ms R",
            "patient",
            """What happened since with Ms R: the assessment went against her and two of
            the children have gone to their grandmother. P6 gave evidence. She felt numb in
            the hearing and still feels numb, and Ms R thanked her afterwards, which she
            said was the worst part.""",
            """The group struggled to stay with the thanks. Some imagined it as Ms R's last
            way of keeping her dignity; others heard an accusation, politely put. There
            were long silences. Someone said the numbness might be what lets P6 keep doing
            this work, and also what it costs her. The children appeared again, this time
            at their grandmother's kitchen table.""",
            note="""Hard to hold. I felt the pull to reassure P6 that she had done the right
            thing, which is not my job here, and held back. It cost something.""",
        ),
    ),
)

CLINICIAN_SINGLES: tuple[Case, ...] = (
    Case(
        "P2",
        "Mr D",
        "patient",
        """P2, a psychologist, presented Mr D, a retired engineer with depression who
        corrects her grammar and brings articles to sessions. She comes out feeling stupid
        and then spends the evening reading about his condition. She wanted the group to
        tell her whether she is competent, and knew that is not what we do.""",
        """The group imagined Mr D's long career of being the one who knows, and the shame
        of a retirement in which no one asks him anything. Some felt the contempt in the
        corrections, and the fear under it. An image of two people building a bridge from
        opposite banks with different drawings. P2's late-night reading made the group
        smile and then go quiet: many of us do the same.""",
        shift="""P2 said she could hear the corrections as Mr D's way of staying useful, and
        didn't need to win the argument about who is cleverer.""",
    ),
    Case(
        "Dr M.",
        "Jess",
        "patient",
        """Dr M., a GP registrar, presented a fifteen-year-old I'll call Jess, brought in
        by her mother about tiredness. Jess said almost nothing; her mother said
        everything. When Dr M. asked to see Jess alone, the mother agreed too quickly and
        then waited just outside the door. He felt he had missed something and could not
        say what.""",
        """The group imagined the closed door and the mother pressed against the other
        side of it. Some felt Jess's silence as refusal, others as protection. Long pauses
        in the group seemed to mirror the consultation. Someone pictured Jess counting the
        ceiling tiles until it was over. Dr M.'s wish to be the adult she could trust felt
        strong, and a little dangerous.""",
        note="""The group's silence tonight felt close to Jess's. I let it run longer than
        usual and I'm not sure that was kind.""",
        pronoun="he",
    ),
    Case(
        "P8",
        "Mr H",
        "patient",
        """P8, a therapist, presented Mr H, in his seventies, whose wife died last year. He
        brings a small gift to every session: jam, a book, once a hand-knitted scarf. P8 has
        accepted them all and feels she can no longer say no without hurting him. She
        wanted to talk about the scarf.""",
        """The group imagined Mr H's kitchen, still arranged for two, and the gifts as a way
        of carrying something to someone. Some thought of a courtship, others of a son
        bringing things to his mother; P8 looked uncomfortable at both. Boundaries came up,
        but more tenderly than usual: what would it mean for him to arrive with nothing in
        his hands?""",
        note="""The scarf stayed with me. My first supervisor called this Übertragung, and
        the German word fits better than 'transference': something carried across.""",
    ),
    Case(
        "P5",
        "Mr S",
        "patient",
        """P5, a GP, presented Mr S, a man with chronic back pain asking for higher doses of
        opioids. She feels manipulated, then guilty for feeling it. His previous doctor
        left the practice suddenly and Mr S speaks of him as the only one who understood.
        P5 said she dreads Friday afternoons.""",
        """The group imagined Mr S's pain as real and also as the only language he has for
        other things. Some felt P5's anger clearly; others felt drawn to rescue Mr S from
        her. The departed doctor hovered over the discussion like a ghost everyone was
        measured against. Someone pictured a tug of war with the prescription pad as the
        rope.""",
        shift="""P5 noticed she had been fighting the previous doctor, not Mr S. She wants to
        talk with him about losing that doctor before the next argument about doses.""",
    ),
)

CLINICIAN_SECOND = _fragments(
    """
    Second case, shorter: P1 on a patient who thanks her too warmly at every visit, and
    why that leaves her uneasy. Little time; we stayed close to the facts.

    P4 brought a brief second case, a patient who always books the last appointment of the
    day. Mostly questions of fact; the group was tired by then.

    Second case from P7: a patient whose family have stopped visiting; P7 is the only one
    who still does. We kept it short and will come back to it.

    Then P2, briefly: a couple who argue in her room and each want her as a witness.
    Lively, a lot of laughter, possibly to avoid something.

    A short second case from P8 about a patient who brings her adult son to every
    appointment and lets him answer for her.

    P4 offered a short one about a patient who researches everything online beforehand;
    P4 feels examined rather than consulted.

    Second case: P1 on a long-term patient who will soon move away, and the ending
    neither of them has mentioned.

    P7, briefly: a patient who brings a new symptom each time the last one is taken
    seriously. P7 is beginning to dread being thorough.
    """
)

# -- Coaches & Consultants Group: coaches, consultants, senior managers --------

COACHES_ARCS: tuple[tuple[Case, ...], ...] = (
    (
        Case(
            "C4",
            "Sam",
            "client",
            """C4, an executive coach, presented a client I'll call Sam, six months into his
            first chief executive role. Sam cancels at short notice, then arrives wanting C4
            to 'just tell me what you'd do'. C4 swings between feeling useless and feeling
            flattered, and caught himself writing Sam's board paper in his head on the drive
            home.""",
            """The group imagined Sam alone at the top of a building with every light on and
            nobody to ask. The shame of not knowing, in a role where you are paid to know,
            came up several times. Some felt C4's pleasure at being needed; others were
            irritated by the cancellations on his behalf. Someone pictured a rope ladder Sam
            wants C4 to climb down.""",
            shift="""C4 said he had been trying to be the answer, and could perhaps be the
            place where Sam is allowed not to have one.""",
            pronoun="he",
        ),
        Case(
            "C4",
            "Sam",
            "client",
            """What happened since with Sam: his board has given him three months to turn the
            numbers round. C4 admitted he has started drafting Sam's emails 'as examples'. He
            brought it knowing it was a rescue, and not knowing how to stop without dropping
            him.""",
            """The group imagined Sam reading the drafted emails at midnight and feeling both
            held and found out. Someone used the old word Übertragung, and its strangeness
            helped: we could look at what was being carried from the board to Sam to C4
            without blaming anyone. A picture of a relay race in which nobody is allowed to
            let go of the baton.""",
            note="""I recognised the rescue at once because it is mine too. When C4 said 'as
            examples' I felt a flush of shame on his behalf.""",
            pronoun="he",
        ),
        Case(
            "C4",
            "Sam",
            "client",
            """C4 brought Sam a third time. The coaching ended by a message from Sam's
            assistant: the company 'will not be renewing'. No last session. C4 felt dropped
            and, oddly, relieved, and wanted to think about the ending he didn't get.""",
            """The group imagined Sam's predecessor, who had also left without a goodbye, and
            wondered whether endings in that organisation happen only by message. Some felt
            C4's hurt pride; others felt Sam's relief at no longer being seen to struggle. An
            image of an empty meeting room with the chairs still out stayed with the group.
            Silence, then a few spoke about clients of their own who simply stopped.""",
            note="""The empty room is still with me. Endings we don't get are part of this
            work; I'd like to say more about that to the group at some point.""",
            pronoun="he",
        ),
    ),
    (
        Case(
            "C7",
            "the merged team",
            "team",
            """C7, an organisational consultant, presented the leadership team of two merged
            agencies. In her workshops they talk only about process, terms of reference and
            meeting schedules, and any mention of the merger goes nowhere. She leaves each
            workshop exhausted and can't say why, since nothing happens.""",
            """The group imagined two families made to share a house, still eating at
            separate tables. Some felt the team's grief for the organisations they had lost,
            buried under the agendas. C7's exhaustion made sense to several people as the
            cost of carrying what the team won't feel. Someone pictured her sweeping the
            same floor over and over while the team watched politely.""",
        ),
        Case(
            "C7",
            "the merged team",
            "team",
            """What happened since with the merged team: at the last workshop two directors
            argued about a vacant role and C7 found herself taking one side out loud. The
            team went quiet; the chair thanked her afterwards for 'finally getting it into the
            open'. She isn't sure whether she helped or joined the fight.""",
            """The group imagined the row as a relief, the first real feeling in the room.
            Some felt C7 had been recruited by one of the old agencies; others that she had
            given the team what it needed by being human. An image of a pressure cooker and
            the hand that lifts the lid. People were curious about the chair's thanks and
            what it protected him from.""",
            shift="""C7 said she could hold both: she had taken a side, and it had moved
            something. She wants to name the two old agencies out loud next time.""",
        ),
        Case(
            "C7",
            "the merged team",
            "team",
            """C7's last report on the merged team: the engagement finished with a workshop in
            which they chose a single name for the new organisation. She felt grief as she
            packed up, as if she had lost something too, and wondered whose grief it was.""",
            """The group imagined the team mourning the old names in the act of choosing a
            new one, and C7 carrying a small share of that mourning home. Some felt pleased
            for her; others sensed a wish to stay on. Someone pictured an old sign taken down
            and leaned against a wall rather than thrown away.""",
            note="""I've enjoyed following this case over the year. Worth remembering how much
            more slowly systems move than people.""",
        ),
    ),
    (
        Case(
            "C2",
            "Ms T",
            "client",
            """C2, an internal consultant, presented Ms T, head of people and culture, who
            asked him to help 'manage out' a long-serving team leader. The request came with
            warmth, flattery and a tight deadline. C2 feels used and can't find the place to
            stand from which he could say so.""",
            """The group imagined Ms T under pressure from above, passing the discomfort down
            the line until it reached C2. The team leader, never present, became very real;
            some felt protective of him. Boundaries came up in the sense of what C2's role
            actually is. Someone pictured being handed a parcel that ticks.""",
            pronoun="he",
        ),
        Case(
            "C2",
            "Ms T",
            "client",
            """What happened since with Ms T: C2 told her he would support a fair process but
            would not design an exit. She went cool for a fortnight, then asked him to coach
            the team leader. C2 brought it because he felt he had won, and was suspicious of
            the feeling.""",
            """The group imagined the new request as Ms T's way of repairing things, or of
            moving the problem onto C2's desk. Several felt the shame of being found out: Ms
            T's, for having asked, and C2's, for having liked her. A long silence after
            someone said the team leader might simply be tired.""",
            note="""I admired C2's firmness and also envied it. That's mine to think about.""",
            pronoun="he",
        ),
    ),
)

COACHES_SINGLES: tuple[Case, ...] = (
    Case(
        "C5",
        "the family business",
        "system",
        """C5 presented a family business: a founder in his seventies and a son who is
        nominally managing director. The son hired her; the founder attends every session
        'to help'. C5 said she feels like a child in the room and ends up performing
        competence for the father.""",
        """The group imagined the son's silence as that of someone never allowed to finish a
        sentence in that company. Some felt the founder's terror of being left behind. C5
        being made a child seemed to show the system's rules very clearly: one adult per
        room. Someone pictured a family dinner with an empty chair nobody mentions.""",
    ),
    Case(
        "C1",
        "Ms W",
        "client",
        """C1, quiet in the group until now and presenting for the first time, brought Ms
        W, a school principal she coaches, who is running on exhaustion after a year of staff
        shortages. Ms W cancels every plan for rest as soon as it is agreed. C1 finds
        herself sending articles and offering extra sessions for free.""",
        """The group imagined Ms W as the last adult standing in a building full of children
        and tired staff. Rescue was named, gently, as C1's wish and also as the school's
        expectation of its principal. Some felt their own exhaustion surface. Someone
        wondered what Ms W would do with a session in which nothing was asked of her.""",
        shift="""C1 said it was a relief to present and not be judged. She will stop the free
        sessions and think about why she offered them.""",
    ),
    Case(
        "C9",
        "the volunteer team",
        "team",
        """C9 presented the volunteer team of a community charity where everyone is kind,
        meetings overrun, and nothing gets decided. The manager asked C9 to 'help them be
        more strategic'. The sessions feel pleasant and pointless, and C9 is ashamed of how
        bored she is.""",
        """The group imagined kindness used as a wall against conflict, a team that cannot
        afford to be angry because the cause is too good. Several felt sleepy while
        discussing it, which we named. Someone pictured a warm bath gone cold with everyone
        still sitting in it. C9's boredom began to look like information rather than a
        failure.""",
    ),
    Case(
        "C3",
        "Jo",
        "client",
        """C3 presented a client I'll call Jo, a senior partner in a professional firm, who
        arrives late and fills the hour with jokes. C3 laughs along and leaves with nothing
        written down. Jo's review at work says 'difficult to reach'. C3 wanted to know why
        he colludes.""",
        """The group imagined the jokes as a moat: nobody gets close enough to see what Jo
        is afraid of. Some felt the shame under the humour, of being found out as ordinary
        after years of being clever. C3's laughter seemed to protect Jo and himself equally.
        Someone pictured a comedian who cannot leave the stage because the lights would go
        up.""",
        pronoun="he",
    ),
)

COACHES_SECOND = _fragments(
    """
    Second case, briefly: C6 on a client who sends a detailed agenda before each session
    and then ignores it.

    C8 brought a short one about a team that asked for a facilitator and then argued about
    the facilitator for the whole first hour.

    A second case from C6: a client who wants coaching paid for by the company but asks
    that HR never hear about it.

    Then C8, briefly: a founder who calls every disagreement 'a values issue'. The group
    enjoyed this one a little too much.

    Second case: C5 on a senior manager client who asks at every session whether the
    coaching is 'working'.

    C3 offered a short second case about a system in which every decision goes to a
    committee that never meets.

    Second case from C1: a client promoted over her former manager, who now coaches him
    informally in corridors and resents it.

    C6, briefly: a team that celebrates every success with a long lunch and has not had a
    hard conversation in years.

    A short second case from C9 about a client who ends every session by asking how C9 is.
    """
)

# -- Health Leaders Group: senior leaders in health services ------------------

HEALTH_ARCS: tuple[tuple[Case, ...], ...] = (
    (
        Case(
            "H2",
            "the ward manager",
            "staff member",
            """H2, a director of nursing, presented the ward manager of a surgical ward, a
            long-serving nurse who trained H2 years ago. Complaints from staff have piled up
            and H2 has been asked to act as part of a restructure. She feels she is about to
            betray someone who taught her everything.""",
            """The group imagined the ward manager watching H2's career rise and feeling both
            proud and left behind. There was shame in the room, the shame of outgrowing a
            teacher. Some felt the staff's frustration; others the ward manager's fear of
            being made obsolete. Someone pictured an old photograph of the two of them in
            uniform, kept in a drawer.""",
            note="""I have a version of this: a mentor I outgrew. I felt the shame H2
            described almost physically.""",
        ),
        Case(
            "H2",
            "the ward manager",
            "staff member",
            """What happened since with the ward manager: a formal process began and she went
            on stress leave the following week. H2 is covering the ward's problems herself
            and sleeping badly. People keep telling her she did the right thing, and she
            wants someone to tell her something else.""",
            """The group imagined the ward manager at home, rehearsing conversations she will
            never have. H2's exhaustion felt like a kind of penance. Several noticed how
            quickly the organisation had moved on and left H2 holding the feelings. Someone
            said 'the right thing' can be a place to hide, and H2 nodded slowly.""",
            shift="""H2 said she didn't need absolution but permission to be sad about it. She
            will stop covering the ward's rosters herself.""",
        ),
        Case(
            "H2",
            "the ward manager",
            "staff member",
            """H2 brought the ward manager a last time. She has retired, and H2 was asked to
            speak at the farewell; she wrote the speech four times. She wanted to honour her
            without lying about the past year, and didn't know whether the staff would forgive
            either of them.""",
            """The group imagined the farewell: staff in their good clothes, the ward manager
            at the front, H2 with her speech folded small. Some felt grief for a whole
            generation of nursing leadership. Others imagined the ward manager's relief at
            being let go. A picture of two people bowing to each other at the end of a long
            match.""",
        ),
    ),
    (
        Case(
            "H5",
            "the board",
            "board",
            """H5, chief executive of a regional health service, presented his board after a
            critical incident review. The board wants a quick, visible response and the chair
            has started ringing him late in the evening. H5 feels like the scapegoat in
            waiting, and has noticed he no longer says what he thinks in board meetings.""",
            """The group imagined the board as frightened people who need someone to carry
            the blame so that they can stay good. Some felt H5's isolation sharply; a few felt
            for the chair, who may also answer to someone. Someone pictured a courtroom with
            the verdict already written. H5's silence seemed to mirror the organisation's
            silence about the incident itself.""",
            pronoun="he",
        ),
        Case(
            "H5",
            "the board",
            "board",
            """What happened since with the board: H5 presented the review's findings
            plainly, including the parts that implicate board decisions. The chair was angry;
            two directors thanked him privately. He came to think about what it cost to say
            it out loud.""",
            """The group imagined the boardroom after he finished, papers rustling, nobody
            looking up. Some felt H5's courage; others worried on his behalf about what would
            follow. The private thanks stirred strong feelings: why privately? Someone
            pictured a house where everyone knows about the crack in the wall and only one
            person points at it.""",
            note="""Proud of H5, and I noticed I wanted him to be a hero. Heroes get sacrificed
            in systems like his.""",
            pronoun="he",
        ),
        Case(
            "H5",
            "the board",
            "board",
            """H5 brought the board a third time. The chair has stepped down and the new chair
            wants a 'fresh start'. H5 said he ought to feel relieved and instead feels
            exhausted and oddly bereft, as if the fight had been holding him up.""",
            """The group imagined the organisation turning the page too quickly, as it had
            tried to after the incident. Some felt H5's exhaustion as the delayed bill for a
            year of vigilance. Someone pictured a soldier who doesn't know the war is over.
            The new chair's optimism met some cynicism in the group, and then some hope.""",
            pronoun="he",
        ),
    ),
    (
        Case(
            "H7",
            "Dr V",
            "colleague",
            """H7, a medical director, presented a senior surgeon I'll call Dr V, the subject
            of several complaints of bullying from junior staff. She has put off meeting him
            for weeks. Dr V is brilliant, loud and well connected, and H7 caught herself
            rehearsing the conversation in the shower.""",
            """The group imagined Dr V's operating theatre as a small kingdom, the juniors as
            courtiers learning to read his moods. Some felt H7's fear, and the shame of a
            senior doctor being afraid of a colleague. Others imagined Dr V's own training,
            where being shouted at was simply how it was done. Someone pictured a lion that
            has never been told it lives in a zoo.""",
        ),
        Case(
            "H7",
            "Dr V",
            "colleague",
            """What happened since with Dr V: the meeting happened. He was defensive, then
            unexpectedly tearful, and spoke about his own training. Mediation with the junior
            staff is planned. H7 was thrown by how much compassion she felt and worried it
            would soften her.""",
            """The group imagined the tears as real and also as one more way Dr V controls
            the room. H7's compassion was welcomed by some and distrusted by others, which
            seemed to mirror the organisation's split about him. Someone pictured a fortress
            whose door opened for a moment. The juniors were kept in mind: boundaries still
            need to hold, whatever he feels.""",
            note="""I was pulled into the group's split and found myself arguing for
            compassion. Worth watching: I rescue the powerful as readily as the weak.""",
        ),
    ),
)

HEALTH_SINGLES: tuple[Case, ...] = (
    Case(
        "H1",
        "the organisation",
        "organisation",
        """H1, an executive director, presented the organisation's budget cuts: she must
        remove twelve positions before the end of the financial year. The executive team
        discusses it as numbers. H1 lies awake naming the people behind the positions, and
        feels alone with that.""",
        """The group imagined the executive meeting as a room where names are not allowed,
        and H1 smuggling them in at night. Exhaustion was in the telling and in the group.
        Some felt anger at the organisation; others sympathy for executives who cannot
        afford to feel. Someone pictured a spreadsheet in which every cell is a face, and H1
        the only one who can see them.""",
    ),
    Case(
        "H3",
        "Lee",
        "staff member",
        """H3, an allied health manager, presented a new graduate I'll call Lee, who cried in
        a team meeting after a complaint. H3 took her aside, then checked on her every day,
        then rearranged the roster so that Lee would not work with the senior colleague who
        complained. The team has noticed.""",
        """The group imagined Lee as a reminder of H3's own first year, and the rescue as care
        for a younger self. Some felt the team's resentment; others the senior colleague's
        sense of being made the villain. Boundaries were discussed as a kindness to Lee
        rather than a withdrawal. Someone pictured a bird that won't let the chick near the
        edge of the nest.""",
        shift="""H3 could see the rescue now, and that it had left Lee more exposed, not less.
        She will talk with the senior colleague first.""",
    ),
    Case(
        "H4",
        "the organisation",
        "organisation",
        """H4 presented the organisation's response to a long computer outage: every ward
        went back to paper for a week. Staff coped remarkably. Since then the executive has
        been celebrating 'resilience', and H4 feels irritated by it and can't say why.""",
        """The group imagined night staff with torches and clipboards, proud and furious at
        once. To some the celebration looked like the organisation congratulating itself
        for their exhaustion. H4's irritation began to sound like loyalty to the people who
        carried it. Someone pictured a medal pinned on someone who just wants to go home and
        sleep.""",
        pronoun="he",
    ),
    Case(
        "H6",
        "the old team",
        "colleague",
        """H6, recently promoted from nurse unit manager to an executive role, presented her
        old team, who no longer invite her to Friday coffee. One of them said 'you're
        management now', and laughed, and nobody else did. H6 feels lonely and slightly
        ashamed of minding, and wondered whether she should stop trying to keep a foot in
        both camps.""",
        """The group imagined the coffee table with the space where H6 used to sit, and the
        old team's own mix of pride and envy. Some felt her loneliness as the price of every
        promotion; others wondered whether the distance protects both sides. Someone
        pictured a bridge that carries traffic in one direction only.""",
    ),
)

HEALTH_SECOND = _fragments(
    """
    Second case, briefly: H8 on a staff member who volunteers for everything and has not
    taken leave in two years.

    H8 brought a short one about a board subcommittee that keeps asking for more data and
    never decides.

    Then H1, briefly: a team that has had four managers in a year and greets each new one
    with elaborate politeness.

    A second case from H6: a senior colleague who copies the whole executive into every
    email.

    Second case: H3 on a staff survey whose results everyone in the organisation has read
    and no one has discussed.

    H4 offered a short second case about a staff member returning from long leave to a
    service that has changed around her.

    H7, briefly: a junior doctor who asked for a transfer the day after a difficult ward
    round, and will not say why.

    Second case from H2: a board member who visits wards unannounced and reports back only
    to the chair.

    A short one from H5 about a staff member who keeps offering to resign, and whom nobody
    has ever taken up on it.
    """
)

# -- Pools shared by every group ------------------------------------------------

ARRIVALS = _fragments(
    """
    {N} of {m} online; apologies from {absent}.

    {N} came. {absent} sent apologies, and one camera stayed off for the first half hour.

    {N} of us tonight, with {absent} away. Two joined late from the car, which I let go.

    A good turnout: {n} of {m}, with {absent} away. Everyone on time, which is rare.

    {N} present; {absent} away. {co} and I started on the dot.

    Only {n} of {m}: {absent} away, and the gaps on the screen were noticeable.

    {N} members and the two of us; {absent} absent with apologies.

    {N} came, most of them early. {absent} let us know they couldn't make it.

    {N} of {m}. {absent} away, and I felt the absence more than usual.

    {N} of {m}, with {absent} away; a smaller circle of faces on the screen than usual.
    """
)

ARRIVAL_DETAILS = _fragments(
    """
    {m1} arrived a few minutes late and apologised twice.

    {m2} was back after some weeks away and was warmly welcomed.

    Someone's cat walked across a keyboard during the opening, which broke the ice.

    {m1}'s connection kept dropping in the first half hour.

    {m1} said at the start that it had been a hard week, and left it there.

    Small talk before the start was mostly about workloads and leave that never happens.

    {m2} asked at the opening whether we could finish on time tonight.

    People were slow to turn their cameras on, and I didn't push.

    The opening round was brief; people seemed ready to work.
    """
)

FULL_HOUSE = _fragments(
    """
    Everyone came, all {m}, which hasn't happened for a while.

    Full group tonight, all {m} on screen before the start.
    """
)

FIRST_MEETING = _fragments(
    """
    First meeting of the group. {N} joined, everyone a little formal. {co} and I went
    through the ground rules and explained the pushback slowly; several had never been in
    a Balint group before.
    """
)

MOODS = _fragments(
    """
    Subdued at first: people had come straight from long days and it took a while for
    anyone to offer a case.

    Lively from the start, a lot of talk before we began, which I read as nerves as much
    as warmth.

    Quiet arrival. A long pause after 'who has a case?', then two offers almost at once.

    People seemed tired and a bit flat. Someone mentioned end-of-quarter pressure and
    several nodded.

    A warm, easy atmosphere; the group feels as if it has found its feet.

    A slightly brittle mood, polite, with quick laughter.

    Heavy at the start. Bad news in the sector had everyone on edge, and it was in the
    room before any case was.

    Settled and serious. People arrived on time and cameras went on without being asked.

    Some restlessness, two people on the move and background noise, and it took longer
    than usual to gather.

    An unusually quiet group; I wondered whether it was fatigue or something unspoken.

    A generous mood. Cases were offered readily and people seemed glad to be there.

    Tentative. Someone asked at the start whether notes are kept, and {co} explained what
    we do and don't write down.
    """
)

CARRY_OVERS = _fragments(
    """
    Some of last month's heaviness around {prev_o} was still present; {prev_p} mentioned
    it unprompted.

    Before we started, {prev_p} mentioned that last month's discussion of {prev_o} had kept
    coming back all week.

    Two people referred back to {prev_o}, which tells me that case is still working in the
    group.

    Nothing obvious carried over from last time, though {prev_p} was quieter than usual.
    """
)

#: Seasonal lines by month (southern hemisphere: December is summer).
SEASONS: dict[int, str] = {
    12: "Last group before the summer break, and it felt like it: a little giddy, a little sad.",
    1: "First group back after the holidays; people slow to start and a bit sunburnt.",
}

LEFT_OUT = _fragments(
    """
    What was left out: almost nothing was said about what {o} might want from {p} beyond
    the obvious.

    Left out, I think: {p}'s own feelings in the first minutes of each meeting with {o}.
    The group circled but didn't land there.

    Nobody wondered aloud about {o} outside these encounters until the last few minutes.

    Missing was any anger. The group stayed very kind, and I wonder where the anger went.

    What was left out may have been the institution around them, the pressures on both {p}
    and the {other} that neither chose.

    Afterwards I noticed we had barely imagined {o} as anything other than a problem.

    The body was absent: no one talked about how it feels, physically, to be in the room
    with {o}.

    What stayed unsaid: the possibility that {p} is simply tired, and that this matters.

    The humour in the presentation got lost in the discussion, and I think it was carrying
    something.

    We imagined a great deal for the {other} and rather little for {p}, which may itself be
    part of the story.

    Left out: what happens after each meeting, when {p} goes home.

    The wider family or system around {o} barely came in.
    """
)

GROUP_PROCESS = _fragments(
    """
    A long silence after the presentation, half a minute perhaps, which felt longer online.
    {m1} broke it with a question of fact that was really a piece of advice.

    Parallel process, I think: the group became as stuck and polite with each other as {p}
    described being with {o}.

    The group split into those who identified with {p} and those who identified with {o}.
    It didn't harden; people moved between the two.

    {m1} was drawn in strongly, speaking three times in the first ten minutes; {m2} said
    almost nothing, and I want to notice that next time.

    Quite a lot of laughter in the middle, some of it relief, some of it, I think,
    avoidance.

    The silences were different tonight: thoughtful rather than stuck.

    Advice crept in twice ('have you thought about…'), each time when the feelings got
    close.

    Several people talked about {others} of their own before anyone imagined {o}; it took
    a while to come back to the case.

    {m1}, usually quiet, offered the image that opened things up, and the group took it
    seriously.

    The group was very protective of {p}, perhaps too much; the harder feelings about {o}
    came only near the end.

    Energy dropped in the second half. {m2} named it and the group picked up again.

    Parallel process was obvious in hindsight: the group wanted a solution as badly as {p}
    did, and kept reaching for one.

    Some rivalry for the best insight among two or three members; the quieter ones
    retreated.

    The group was drawn to the dramatic details and kept away from the ordinary sadness in
    the case.

    A striking silence when someone said the word shame. Then several people spoke at once.

    {m1} brought in something personal, briefly; the group held it without turning to it,
    which was right.

    It took a while for the group to stop asking questions and start imagining. Once it
    did, the images came quickly.

    The group mirrored the case: lots of activity, little feeling, until the last ten
    minutes.
    """
)

LEADERSHIP = _fragments(
    """
    I pushed {p} back a little early, before the questions of fact turned into an
    interrogation. That seemed to help.

    Had to stop a run of advice-giving twice and bring the group back to imagining; the
    second time more gently.

    I protected {p} when {m1}'s question sounded like criticism, reframing it as curiosity,
    and {p} relaxed.

    Held the time firmly, so the second case got its full share, which matters to whoever
    offers it.

    Said very little. The group was working well and I tried not to get in its way.

    I named the silence rather than filling it, and the group found its own way back in.

    Asked the group what {o} might be feeling at the end of each meeting with {p}. The
    question landed and changed the tone.

    I let the pushback run long. In hindsight {p} might have needed to come back in sooner.

    When the group turned to judging {o}, I asked what it would be like to be on that side
    of the moment. Useful, I think.

    Held the frame on confidentiality when {m1} began to describe a workplace; a brief
    reminder was enough.

    I led mostly with questions tonight, and {co} offered more images, which balanced it.

    I slowed things down when the group rushed to reassure {p}. Reassurance can shut a case
    down.

    Reminded the group early on that we stay with the relationship rather than the
    solution.

    I made one interpretation that was too clever by half; the group politely ignored it,
    rightly.

    I brought {p} back in with time to spare, so the return wasn't rushed.

    I asked the group to imagine one specific moment from {o}'s side rather than the whole
    story. That focused things.
    """
)

RETURNS = _fragments(
    """
    {p} said something had loosened: {they} could think of {o} with more curiosity and less
    dread.

    {p} said {they} felt understood rather than judged, and that this was new.

    {p} said honestly that little had shifted, but {they} felt less alone with it. That is
    often enough.

    {p} picked up one image from the group and said it would go with {them} into the next
    meeting with {o}.

    {p} noticed how much {they} had been carrying for {o}, and wondered what would happen
    if {they} carried a little less.

    {p} said the group's anger had surprised {them}; {they} hadn't let {themself} feel any.

    {p} seemed a little flat on return. {co} checked in with {them} briefly at the end.

    {p} said {they} had come wanting an answer and would leave with a better question.

    {p} said the discussion had given {o} back some dignity in {their} mind.

    {p} laughed on return, said we had been both right and wrong, and thanked the group.

    {p} said the word that stayed was boundaries, but in a softer sense than before.

    A visible shift: {p} sat back and spoke more slowly.

    {p} said {they} wanted to be less heroic with {o}, and more ordinary.
    """
)

MY_RESPONSES = _fragments(
    """
    I felt a strong pull to rescue {p}, which probably says more about my week than about
    the case. Worth watching next month.

    What stayed with me was an image of {o} alone afterwards, after everyone else had gone
    home. I carried it to bed.

    I noticed irritation with {m1}, for no reason I can name yet, and want to understand it
    before next month.

    More anxious than usual about time. Something in the case made me want to keep
    everything under control, and I think the group felt it.

    Relief at the end. A good group, and I felt useful without doing much, which is how it
    should be and rarely feels.

    Some shame at how quickly I judged {o} in the first minutes, before the group had even
    begun to imagine.

    My own exhaustion was in the room tonight. I'm not sure the group noticed, but I did,
    and it made me slower.

    The case touched something from my early years in practice. I stayed steady, but it's
    mine to take to supervision.

    I envied the group's freedom to speculate. Leading, I hold back, and tonight the holding
    back felt lonely rather than disciplined.

    Boundaries again: I ran over by a few minutes because I didn't want to cut {p} off, and
    I know better.

    I liked {o} more than the group did, and kept quiet about it. I'm still not sure
    whether that was restraint or cowardice.

    Moved, at one point, close to tears. I don't think it showed. I let myself feel it on
    the walk afterwards.

    I keep thinking about the silence after the case, and what it was protecting. Possibly
    me as much as {p}.

    Flat and tired afterwards, the kind of tiredness that comes from holding a lot without
    saying much. A walk before bed helped.
    """
)

DEBRIEFS = _fragments(
    """
    Debrief with {co}: we agreed the group is ready for harder material. {co} thought I cut
    the questions off too quickly; fair.

    {co} and I differed about the silence: {co} heard resistance, I heard thought. We left
    it open.

    We were both tired and kept it brief. Agreed to check in with {p} before next month.

    {co} noticed {m2} had been left out and will bring {m2} in early next time.

    We agreed I'll open next month and {co} will take the pushback.

    {co} felt the group had protected {p} too much; on reflection I agree.

    We noticed we had both wanted to rescue the case, and had taken turns doing it.

    {co} raised timekeeping; we'll start the second case no later than halfway.

    We talked about {o} for longer than about the group, which may say something.

    Agreed the frame held well, and that nothing needs changing for next month.

    {co} was more worried about {p} than I was. We agreed {co} would send a short, warm
    note.

    We differed on whether to come back to {o} next time, and settled on letting {p}
    decide.

    We talked about how much we say as leaders. {co} thinks I say too little, I think
    {co} says too much, and we laughed.

    {co} and I both felt the exhaustion in the group and wondered whether monthly is
    enough.
    """
)

RETURN_CLOSES = _fragments(
    """
    We closed there; {p} had the last word, as it should be.

    The group resisted the urge to add anything, which I was glad of.

    {m1} began to offer one more thought and I stopped it; the return belongs to the
    presenter.

    A brief silence afterwards, then we moved on.

    There was a small murmur of recognition around the screen.

    I thanked {p} for bringing something so unfinished.

    {co} reminded everyone that the case stays in the group.

    It felt like a real return rather than a polite one.
    """
)

FOLLOW_NEXT = _fragments(
    """
    Ask {p} next time what happened since with {o}.

    Revisit {o}: {p} said {they} would bring a what-happened-since.

    Keep {o} in mind; leave room at the start for {p} to say what happened since.

    {p} may well bring {o} back. Don't let it get lost among new cases.
    """
)

FOLLOW_DONE = _fragments(
    """
    {O} feels complete for now. Note it in the log as a case followed across sessions.

    Close the loop on {o} with {p} if {they} would like to; otherwise let it rest.

    Mark {o} as followed through. Good to see how the case changed over the year.
    """
)

FOLLOW_PENDING = _fragments(
    """
    Still waiting to hear what happened since with {q_o} ({q_p}).

    Remember to ask {q_p} about {q_o}.
    """
)

FOLLOW_SINGLE = _fragments(
    """
    Check with {p} whether {they} would like to come back to {o}.

    Nothing to revisit unless {p} asks.
    """
)

SUPERVISION = _fragments(
    """
    For supervision: when do I protect a presenter, and when do I get in the way?

    Supervision question: what to do with a member who gives advice however often I
    redirect.

    Take to supervision: my own rescue reflex, active again tonight.

    For supervision: the long silences online, and how long is too long.

    Ask my supervisor about endings, since this group keeps returning to them.

    Supervision: what to do with my irritation towards {m1}.

    For supervision: how much to say about parallel process out loud, and when.

    Question for supervision: whether to bring my own shame about this case, or hold it
    privately.

    Take to supervision: boundaries around contact between sessions, the group's and mine.

    Supervision: my habit of filling silence with questions.

    For supervision: how to lead when I share the presenter's exhaustion.

    Ask in supervision about co-leading when {co} and I see a case differently.

    Nothing pressing for supervision; note the group's steady development for the log.
    """
)
